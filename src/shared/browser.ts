/** The only import of webextension-polyfill: every other module gets `browser` from here. */
import browser from 'webextension-polyfill';

export { browser };
