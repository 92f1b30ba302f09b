// JSX types of every Hearth element, generated from its custom-elements.json: React 19 sets a prop
// as a property when the element has one (`client`), as an attribute otherwise (`server-id`), and
// turns `on<event>` props into listeners for `<event>`.
import type {} from '@hearth/elements/react';
