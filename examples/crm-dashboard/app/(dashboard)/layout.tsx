/**
 * The signed-in part of the dashboard: a server-rendered sidebar (client picker, navigation,
 * the user, Sign Out) around each page. Dynamic: it reads the session cookie, and the
 * announce setting, on every request.
 */

import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { ClientPicker } from '@/components/ClientPicker';
import { NavLinks } from '@/components/NavLinks';
import { UserProvider } from '@/contexts/UserContext';
import { signOut } from '@/lib/actions';
import { currentUser } from '@/lib/auth';
import { CLIENTS } from '@/lib/data';
import { serverState } from '@/lib/state';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  // proxy.ts redirects signed-out requests already; this is the check next to the data.
  if (user === null) redirect('/login');
  const isAdmin = user.role === 'admin';

  return (
    <UserProvider user={user} clients={CLIENTS} announceContext={serverState().announce}>
      <div id="layout">
        <aside id="sidebar">
          <div className="brand">Restaurant CRM</div>
          {isAdmin && <ClientPicker />}
          <NavLinks />
          <div className="sidebar-footer">
            <div className="user">
              <div id="user-name" className="user-name">
                {user.name}
              </div>
              <div id="user-role" className="muted">
                {isAdmin ? 'Admin' : 'Staff'}
              </div>
            </div>
            <form action={signOut} className="sign-out-form">
              <button type="submit" id="sign-out">
                Sign Out
              </button>
            </form>
          </div>
        </aside>
        <main id="content">{children}</main>
      </div>
    </UserProvider>
  );
}
