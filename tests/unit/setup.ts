import { vi, beforeEach } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';

// Modules that import `browser` get the maintained in-memory fake, reset before each test.
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));

beforeEach(() => {
  fakeBrowser.reset();
});
