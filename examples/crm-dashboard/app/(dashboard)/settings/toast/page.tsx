import type { Metadata } from 'next';
import { ToastSettings } from './ToastSettings';

export const metadata: Metadata = {
  title: 'Toast Settings · Restaurant CRM',
};

export default function ToastSettingsPage() {
  return <ToastSettings />;
}
