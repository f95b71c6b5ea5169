'use server';

/**
 * Server actions: signing in and out. Both end in `redirect()`, which the Next.js client turns
 * into a client-side navigation (no full page load).
 */

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { checkCredentials } from './data';
import { createSession, endSession, SESSION_COOKIE, SESSION_COOKIE_OPTIONS } from './session';

export interface SignInState {
  error: string | null;
  /** Kept so a failed attempt does not empty the email field. */
  email: string;
}

export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = form.get('email');
  const password = form.get('password');
  const user = typeof email === 'string' && typeof password === 'string' ? checkCredentials(email, password) : null;
  if (user === null) return { error: 'Invalid email or password.', email: typeof email === 'string' ? email : '' };
  const jar = await cookies();
  jar.set(SESSION_COOKIE, createSession(user.email), SESSION_COOKIE_OPTIONS);
  redirect('/visits');
}

export async function signOut(): Promise<void> {
  const jar = await cookies();
  endSession(jar.get(SESSION_COOKIE)?.value);
  jar.delete({ name: SESSION_COOKIE, path: '/' });
  redirect('/login');
}
