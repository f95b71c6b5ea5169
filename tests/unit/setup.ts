import { vi, beforeEach } from 'vitest';
import { fakeBrowser } from '@webext-core/fake-browser';
import { forgetPolicy } from '../../src/shared/settings-reader.ts';

// Modules that import `browser` get the maintained in-memory fake, reset before each test.
vi.mock('webextension-polyfill', () => ({ default: fakeBrowser }));

beforeEach(() => {
  fakeBrowser.reset();
  // Each test is a new page or worker: nothing known of the company policy yet.
  forgetPolicy();
});
