import { vi, beforeEach } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { stored } from '../../src/ui/page-stored.ts';

// Modules that import `browser` get the maintained in-memory fake, reset before each test.
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));
// The content script takes the browser's own API (extension-api.ts): the same fake, as Firefox's `browser`.
Object.assign(globalThis, { browser: fakeBrowser });

beforeEach(() => {
  fakeBrowser.reset();
  // Each test is a new page or worker: nothing known of the company policy yet.
  stored.forgetPolicy();
});
