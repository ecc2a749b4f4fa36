// Fast refresh without an inline script, so the strict CSP holds in development too (empty in builds).
import '@vitejs/plugin-react/preamble';
import './styles/fonts.css';
import './styles/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { chooseTransport } from './api/transport';
import { NoDoorPage } from './no-door.page';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

const choice = chooseTransport();
createRoot(root).render(
  <StrictMode>{choice.transport ? <App transport={choice.transport} /> : <NoDoorPage />}</StrictMode>,
);
