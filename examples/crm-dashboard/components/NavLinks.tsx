'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const NAV = [
  { href: '/visits', label: 'Visits' },
  { href: '/orders', label: 'Orders' },
  { href: '/settings/toast', label: 'Toast Settings' },
] as const;

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav className="nav">
      {NAV.map((item) => (
        <Link key={item.href} href={item.href} aria-current={pathname === item.href ? 'page' : undefined}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
