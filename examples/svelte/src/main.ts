// Registers <chat-provider>, <chat-messages> and the other elements before Svelte first renders.
import '@hearth/elements';
import { mount } from 'svelte';
import App from './app.svelte';
import './styles.css';

mount(App, { target: document.getElementById('app') ?? document.body });
