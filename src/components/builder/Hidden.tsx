import type { ReactNode } from 'react';

/** Text for screen readers only, e.g. the object a "Rename" button acts on. */
export function Hidden({ children }: { readonly children: ReactNode }) {
  return <span className="np-visually-hidden">{children}</span>;
}
