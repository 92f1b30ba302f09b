// A React 19 component of a user of @hearth/elements, type-checked with `tsc --strict` against the
// packed packages: the JSX types come from `@hearth/elements/react`.
import type {} from '@hearth/elements/react';
import type { ChatNotFoundEvent } from '@hearth/elements';
import { createChatClient } from '@hearth/sdk';
import { useState } from 'react';

export function Chat({ token }: { token: string }) {
  const [client] = useState(() => createChatClient({ url: 'https://chat.example.com', token }));
  const [unread, setUnread] = useState(0);
  const [missing, setMissing] = useState<string>();
  return (
    <chat-provider client={client}>
      <p>{unread} unread</p>
      <chat-app server-id="s_1" theme="dark" onchat-unread-change={(event) => setUnread(event.detail.unread)} />
      <chat-messages
        server-id="s_1"
        channel-id={missing ?? 'c_1'}
        hide-deleted
        onchat-not-found={(event: ChatNotFoundEvent) => setMissing(event.detail.id)}
        onchat-thread-open={(event) => console.log(event.detail.rootId)}
      />
      {/* @ts-expect-error server-id is a string: the element types are real types, not `any` */}
      <chat-messages server-id={1} />
    </chat-provider>
  );
}
