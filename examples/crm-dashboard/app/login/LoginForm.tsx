'use client';

import { useActionState } from 'react';
import { signIn, type SignInState } from '@/lib/actions';

const INITIAL: SignInState = { error: null, email: '' };

/** Signs in through a server action; on success it redirects to /visits (client-side). */
export function LoginForm() {
  const [state, action, pending] = useActionState(signIn, INITIAL);
  return (
    <form action={action}>
      <h1>Sign in</h1>
      <p className="muted">Restaurant CRM</p>
      {state.error !== null && (
        <p id="login-error" className="error" role="alert">
          {state.error}
        </p>
      )}
      <div>
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required defaultValue={state.email} />
      </div>
      <div>
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" className="primary" disabled={pending}>
        Sign In
      </button>
      <p className="muted">Demo: admin@demo.test / admin123 (admin), staff@demo.test / staff123 (staff)</p>
    </form>
  );
}
