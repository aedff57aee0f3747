import { useEffect, useState } from 'react';

/**
 * Returns false in the server render and the first client render, true once the island runs. Controls
 * that only work with the island's script are disabled until then: a click on a server-rendered button
 * before hydration would otherwise do nothing and be lost, with nothing on screen to say so.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
