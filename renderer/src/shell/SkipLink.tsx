import { Box } from '@mui/material';

/**
 * "Skip to content" for keyboard users: hidden until focused. Routes live in the hash, so the link
 * moves focus itself instead of following an #anchor (which would change the page).
 */
export function SkipLink({ target }: { target: string }) {
  return (
    <Box
      component="a"
      href={`#${target}`}
      data-testid="skip-link"
      onClick={(e) => {
        e.preventDefault();
        document.getElementById(target)?.focus();
      }}
      sx={{
        position: 'fixed',
        left: 8,
        top: -100,
        zIndex: (t) => t.zIndex.tooltip + 1,
        p: 1.5,
        bgcolor: 'background.paper',
        color: 'primary.main',
        borderRadius: 1,
        boxShadow: 3,
        '&:focus': { top: 8 },
      }}
    >
      Skip to content
    </Box>
  );
}
