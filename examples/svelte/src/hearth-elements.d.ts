// Markup types of every Hearth element, generated from its custom-elements.json: svelte-check
// checks the props and listeners this app puts on <chat-provider> and <chat-messages>.
import type {} from '@hearth/elements/svelte';
