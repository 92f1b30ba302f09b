// Registers <chat-provider>, <chat-messages> and the other elements before React first renders,
// so React sees their properties (`client`) and sets them as properties rather than attributes.
import '@hearth/elements';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
