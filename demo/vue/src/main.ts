// Registers <we-meeting>, <we-chat>, <we-poll> and <we-history>.
import 'we-meeting/elements.js';
// The full build (vite.config.ts aliases `vue` to it) compiles the string templates in the
// browser; with single-file components and @vitejs/plugin-vue, set isCustomElement in the
// plugin's template.compilerOptions instead.
import { createApp } from 'vue';
import { App } from './App';

const app = createApp(App);
// Tags starting with we- are custom elements: Vue renders them as they are instead of
// looking for components of that name.
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('we-');
app.mount('#app');
