import { createTheme } from '@mantine/core';

/** Large targets and plain words: shared workstations and bedside tablets. */
export const theme = createTheme({
  fontFamily: 'system-ui, sans-serif',
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'sm',
  fontSizes: { md: '18px' },
  // A user who asks the system for less motion gets alerts and dialogs at once, without fading in.
  respectReducedMotion: true,
});
