import type { Metadata } from 'next';
import { LoginForm } from './LoginForm';

export const metadata: Metadata = {
  title: 'Sign in · Restaurant CRM',
};

export default function LoginPage() {
  return (
    <main className="centered login">
      <LoginForm />
    </main>
  );
}
