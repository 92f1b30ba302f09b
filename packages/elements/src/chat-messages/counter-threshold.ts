/** How many characters before the limit the composer's counter shows. */
export const COUNTER_FROM = 200;
