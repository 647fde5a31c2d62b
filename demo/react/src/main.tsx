import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Registers <we-meeting>, <we-chat>, <we-poll> and <we-history>. React 19 sets their
// properties (not attributes) because it finds them on the registered elements, so register
// them before the first render.
import 'we-meeting/elements.js';
import { App } from './App';

// StrictMode mounts, unmounts and mounts again in development: the meeting still joins once.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
