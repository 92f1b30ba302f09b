// Registers <chat-provider>, <chat-messages> and the other elements before Vue first renders.
import '@hearth/elements';
import { createApp } from 'vue';
import App from './app.vue';
import './styles.css';

createApp(App).mount('#app');
