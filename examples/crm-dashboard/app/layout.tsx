import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { HydrationMark } from '@/components/HydrationMark';
import './globals.css';

export const metadata: Metadata = {
  title: 'Restaurant CRM',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <HydrationMark />
        {children}
      </body>
    </html>
  );
}
