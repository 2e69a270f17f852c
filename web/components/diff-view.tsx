/** A unified diff with added and removed lines marked (text only; each line escaped by Preact). */
export function DiffView(props: { diff: string; label: string }) {
  const lines = props.diff.split('\n');
  return (
    <pre class="diff" aria-label={props.label} tabIndex={0}>
      {lines.map((line, i) => {
        const kind = line.startsWith('+++') || line.startsWith('---') ? 'file' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
        return (
          <span key={i} class={kind ? `d-${kind}` : undefined}>
            {line}
            {'\n'}
          </span>
        );
      })}
    </pre>
  );
}
