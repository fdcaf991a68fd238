import { type FormEvent, useCallback, useRef, useState } from 'react';

/**
 * One command at a time from a button or form: while it is on its way the button shows progress
 * and is disabled, and a second click (even one in the same frame, before the button has re-drawn
 * as disabled) does nothing. The guard is a ref for that reason; the state only draws it.
 */
export function useInFlight(): {
  busy: boolean;
  run: (command: () => Promise<unknown>) => Promise<void>;
  /** A form's submit handler, guarded the same way (the browser's own submit is always prevented). */
  submit: <E extends FormEvent>(handler: (e: E) => Promise<unknown>) => (e: E) => void;
} {
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (command: () => Promise<unknown>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await command();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const submit = useCallback(
    <E extends FormEvent>(handler: (e: E) => Promise<unknown>) =>
      (e: E) => {
        e.preventDefault();
        void run(() => handler(e));
      },
    [run],
  );
  return { busy, run, submit };
}
