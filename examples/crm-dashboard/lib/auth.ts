/** The signed-in user of the current request, for server components and server actions. */

import { cookies } from 'next/headers';
import type { PublicUser } from './data';
import { SESSION_COOKIE, userFromCookie } from './session';

export async function currentUser(): Promise<PublicUser | null> {
  const jar = await cookies();
  return userFromCookie(jar.get(SESSION_COOKIE)?.value);
}
