import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Options } from './Options.tsx';
import '../ui/base.css';
import './options.css';

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <Options />
    </StrictMode>,
  );
}
