import type { ChatClient } from '@hearth/sdk';
import { createContext } from '@lit/context';

/** The context through which `<chat-provider>` shares one client with the elements inside it. */
export const clientContext = createContext<ChatClient | undefined>(Symbol.for('hearth.client'));
