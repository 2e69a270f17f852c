import { useEffect, useRef, useState } from 'preact/hooks';
import { setToken } from '../api.js';

/** Asks for DATACHAT_API_TOKEN once; it is kept in sessionStorage (gone with the tab), never in a cookie. */
export function TokenDialog(props: { onDone: () => void }) {
  const [value, setValue] = useState('');
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="token-title" onCancel={(e) => e.preventDefault()}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          setToken(value.trim());
          ref.current?.close();
          props.onDone();
        }}
      >
        <h2 id="token-title">API token</h2>
        <p>This server requires the token it was started with (DATACHAT_API_TOKEN). It is kept only for this tab.</p>
        <label>
          Token
          <input
            type="password"
            autocomplete="off"
            required
            value={value}
            onInput={(e) => setValue(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Continue</button>
      </form>
    </dialog>
  );
}
