import { sql } from '@codemirror/lang-sql';
import { yaml } from '@codemirror/lang-yaml';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { basicSetup, EditorView, minimalSetup } from 'codemirror';
import { useEffect, useRef, useState } from 'preact/hooks';

/** The server's per-page style nonce (its CSP admits CodeMirror's <style> elements by it). */
const STYLE_NONCE = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? '';

export interface LineIssue {
  line?: number;
  message: string;
}

interface CodeViewProps {
  value: string;
  language: 'sql' | 'yaml';
  /** Read-only views get a Copy button instead of editing. */
  readOnly?: boolean;
  onChange?: (text: string) => void;
  /** Shown as diagnostics at their lines. */
  issues?: LineIssue[];
  label: string;
}

/** CodeMirror 6: highlighted SQL (read-only, copyable) or a YAML editor with errors at their lines. */
export function CodeView(props: CodeViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    const state = EditorState.create({
      doc: props.value,
      extensions: [
        props.readOnly ? minimalSetup : basicSetup,
        props.language === 'sql' ? sql() : yaml(),
        EditorView.lineWrapping,
        EditorView.cspNonce.of(STYLE_NONCE),
        EditorState.readOnly.of(Boolean(props.readOnly)),
        EditorView.contentAttributes.of({ 'aria-label': props.label }),
        ...(props.readOnly ? [] : [lintGutter()]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange.current?.(u.state.doc.toString());
        }),
      ],
    });
    view.current = new EditorView({ state, parent: host.current! });
    return () => view.current?.destroy();
  }, []);

  // A new value from outside (another item) replaces the text.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== props.value)
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const doc = v.state.doc;
    const diagnostics: Diagnostic[] = (props.issues ?? []).map((issue) => {
      const line = doc.line(Math.min(Math.max(issue.line ?? 1, 1), doc.lines));
      return { from: line.from, to: line.to, severity: 'error', message: issue.message };
    });
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [props.issues]);

  return (
    <div class="code">
      <div ref={host} class="code-host" />
      {props.readOnly && (
        <button
          type="button"
          class="small copy"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(props.value);
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            } catch {
              // No clipboard (an insecure origin): select the text so Ctrl-C copies it.
              const v = view.current;
              v?.dispatch({ selection: { anchor: 0, head: v.state.doc.length } });
              v?.focus();
            }
          }}
        >
          {copied ? 'Copied' : 'Copy SQL'}
        </button>
      )}
    </div>
  );
}
