'use client';

import { useEffect } from 'react';

/**
 * Marks the moment React has hydrated the page (effects only run after hydration), so tests
 * can measure from it: performance.getEntriesByName('crm:hydrated').
 */
export function HydrationMark() {
  useEffect(() => {
    performance.mark('crm:hydrated');
  }, []);
  return null;
}
