import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="centered">
      <p>
        Page not found. <Link href="/visits">Go to Visits</Link>
      </p>
    </main>
  );
}
