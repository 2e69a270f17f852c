/** A unified diff with added and removed lines marked (text only; each line escaped by Preact). */
export function DiffView(props: { diff: string; label: string }) {
  const lines = props.diff.split('\n');
  return (
    <figure class="diff-figure">
      <figcaption class="visually-hidden">{props.label}</figcaption>
      <pre class="diff">
        {lines.map((line, i) => {
          const kind =
            line.startsWith('+++') || line.startsWith('---')
              ? 'file'
              : line.startsWith('+')
                ? 'add'
                : line.startsWith('-')
                  ? 'del'
                  : line.startsWith('@@')
                    ? 'hunk'
                    : '';
          return (
            <span key={i} class={kind ? `d-${kind}` : undefined}>
              {line}
              {'\n'}
            </span>
          );
        })}
      </pre>
    </figure>
  );
}
