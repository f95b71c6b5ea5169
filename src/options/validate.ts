/**
 * The options form: settings ⇄ field text, and every validation message. Pure; the CSS
 * selector check comes in as a function because only a DOM can answer it.
 */

import { MAX_ID_LENGTH, MAX_INTERVAL_SECONDS, MAX_SELECTOR_LENGTH, MIN_INTERVAL_SECONDS } from '../shared/constants.ts';
import { parseDashboardOrigin } from '../shared/dashboard-origin.ts';
import type { Settings } from '../shared/settings.ts';

export interface FormValues {
  dashboardUrl: string;
  intervalSeconds: string;
  clientStorageKey: string;
  pinnedClientId: string;
  pinnedClientName: string;
  pauseWhenLocked: boolean;
  onlyWhileDashboardOpen: boolean;
  signOutSelector: string;
}

export type FieldErrors = Partial<Record<keyof FormValues, string>>;

export type Validation = { ok: true; settings: Settings } | { ok: false; errors: FieldErrors };

const MAX_TEXT = MAX_ID_LENGTH;

export function toFormValues(settings: Settings): FormValues {
  return { ...settings, intervalSeconds: String(settings.intervalSeconds) };
}

export function validate(values: FormValues, isValidSelector: (selector: string) => boolean): Validation {
  const errors: FieldErrors = {};

  const url = values.dashboardUrl.trim();
  let dashboardUrl = '';
  if (url !== '') {
    const parsed = parseDashboardOrigin(url);
    if (parsed.ok) dashboardUrl = parsed.origin;
    else errors.dashboardUrl = parsed.message;
  }

  const intervalText = values.intervalSeconds.trim();
  const intervalSeconds = Number(intervalText);
  if (!/^\d+$/.test(intervalText)) {
    errors.intervalSeconds = 'Enter the interval as a whole number of seconds, for example 60.';
  } else if (intervalSeconds < MIN_INTERVAL_SECONDS) {
    errors.intervalSeconds = `The interval must be at least ${MIN_INTERVAL_SECONDS} seconds.`;
  } else if (intervalSeconds > MAX_INTERVAL_SECONDS) {
    errors.intervalSeconds = `The interval can be at most ${MAX_INTERVAL_SECONDS} seconds (one day).`;
  }

  const clientStorageKey = values.clientStorageKey.trim();
  if (clientStorageKey === '') {
    errors.clientStorageKey = 'Enter the localStorage key where the dashboard keeps the selected client (usually currentClientId).';
  } else if (clientStorageKey.length > MAX_TEXT) {
    errors.clientStorageKey = `The key can be at most ${MAX_TEXT} characters long.`;
  }

  const pinnedClientId = values.pinnedClientId.trim();
  const pinnedClientName = values.pinnedClientName.trim();
  if (pinnedClientId.length > MAX_TEXT) errors.pinnedClientId = `The client id can be at most ${MAX_TEXT} characters long.`;
  else if (/\s/.test(pinnedClientId)) errors.pinnedClientId = 'A client id has no spaces.';
  if (pinnedClientName !== '' && pinnedClientId === '') {
    errors.pinnedClientId = 'Enter the id of the client to pin, or clear the name.';
  }
  if (pinnedClientName.length > MAX_TEXT) errors.pinnedClientName = `The name can be at most ${MAX_TEXT} characters long.`;

  const signOutSelector = values.signOutSelector.trim();
  if (signOutSelector.length > MAX_SELECTOR_LENGTH)
    errors.signOutSelector = `The selector can be at most ${MAX_SELECTOR_LENGTH} characters long.`;
  else if (signOutSelector !== '' && !isValidSelector(signOutSelector)) {
    errors.signOutSelector = `"${signOutSelector}" is not a valid CSS selector.`;
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      dashboardUrl,
      intervalSeconds,
      clientStorageKey,
      pinnedClientId,
      pinnedClientName,
      pauseWhenLocked: values.pauseWhenLocked,
      onlyWhileDashboardOpen: values.onlyWhileDashboardOpen,
      signOutSelector,
    },
  };
}

/** Asks the DOM whether a selector parses. */
export function domSelectorCheck(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}
