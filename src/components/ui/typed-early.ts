import { useEffect, useState } from 'react';

/** What a server-rendered field held when the island's script took over. */
export interface TypedEarly {
  readonly value: string;
  readonly focused: boolean;
}

/**
 * Keeps what was typed into a server-rendered text field before the island hydrated. The field works as
 * soon as the page paints, but hydration resets a controlled field to the state's value, so a quick learner
 * or host would lose those keystrokes. On the first client render (before React touches the element) this
 * reads the field with DOM id `id`; after hydration it calls `adopt` with the text when it differs from
 * `current`. Returns what it read, or `null` when there was no such field (client-only renders).
 */
export function useTypedEarly(
  id: string,
  current: string,
  adopt: (value: string) => void,
): TypedEarly | null {
  const [early] = useState<TypedEarly | null>(() => {
    if (typeof window === 'undefined' || typeof document === 'undefined') return null;
    const field = document.getElementById(id);
    if (!field || (field.tagName !== 'TEXTAREA' && field.tagName !== 'INPUT')) return null;
    return { value: (field as HTMLInputElement).value, focused: document.activeElement === field };
  });
  useEffect(() => {
    if (early && early.value !== current) adopt(early.value);
    // Once, after hydration.
  }, []);
  return early;
}
