/** Small inline icons for the status tones; decorative, the words carry the meaning. */

import type { Tone } from './status-text.ts';

export function StatusIcon({ tone, paused = false }: { tone: Tone; paused?: boolean }) {
  if (tone === 'busy') return <span className="spinner" aria-hidden="true" />;
  const common = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true, className: `icon tone-${tone}` };
  if (tone === 'ok') {
    return (
      <svg {...common}>
        <circle cx="8" cy="8" r="7" fill="currentColor" />
        <path d="M4.5 8.2l2.2 2.2 4.8-4.8" fill="none" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    );
  }
  if (tone === 'warn' || tone === 'error') {
    return (
      <svg {...common}>
        <path d="M8 1.5l7 12.5H1z" fill="currentColor" />
        <path d="M8 6v3.6" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" />
        <circle cx="8" cy="11.6" r="0.9" fill="#fff" />
      </svg>
    );
  }
  if (paused) {
    return (
      <svg {...common}>
        <circle cx="8" cy="8" r="7" fill="currentColor" />
        <path d="M6.2 5v6M9.8 5v6" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}
