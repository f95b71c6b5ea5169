/** The extension pages' (popup, options) window on storage, over the polyfill: one per page. */

import { browser } from '../shared/browser.ts';
import { createStored } from './stored.ts';

export const stored = createStored(browser);
