// JSX types for the Hearth elements this app renders. React 19 sets a prop as a property when the
// element has one (`client`), as an attribute otherwise (`server-id`), and turns `on<event>`
// props into listeners for `<event>`.
import type { ChatMessages, ChatNotFoundEvent, ChatProvider } from '@hearth/elements';
import type { ChatClient } from '@hearth/sdk';
import type { HTMLAttributes, RefAttributes } from 'react';

/** What React accepts on a Hearth element: its own props, and those of any HTML element. */
type ElementProps<E extends HTMLElement, Own> = Own & HTMLAttributes<E> & RefAttributes<E>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'chat-provider': ElementProps<ChatProvider, { client?: ChatClient; url?: string; token?: string }>;
      'chat-messages': ElementProps<
        ChatMessages,
        {
          'server-id'?: string;
          'channel-id'?: string;
          theme?: 'light' | 'dark';
          'onchat-not-found'?: (event: ChatNotFoundEvent) => void;
        }
      >;
    }
  }
}
