import { AppShell, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { loadSession, saveSession, type Session, sessionEvents, signIn, signOut } from './api';
import { BedBoard } from './BedBoard';
import { Chart } from './chart/Chart';
import { ClaimsQueues } from './ClaimsQueues';
import { EdMeasures } from './ed/EdMeasures';
import { EdBoard } from './EdBoard';
import { Emar } from './Emar';
import { officeScreens } from './office/routes';
import { Orders } from './Orders';
import { Patients } from './Patients';
import { Pharmacy } from './Pharmacy';
import { Wristband } from './labels/Wristband';
import { SignIn } from './SignIn';
import { Unit } from './unit/Unit';

interface Screen {
  path: string;
  label: string;
  title: string;
  Screen: (props: { session: Session }) => ReactNode;
  /** What follows the path in the URL; a patient by default, so reload and Back keep them. */
  params?: string;
  /** Reached from another screen (the chart's wristband button), not from the top bar. */
  hidden?: boolean;
}

const clinicians = ['nurse', 'physician', 'pharmacist', 'ed-staff'];
/**
 * The top bar shows each role the screens of its work; any screen's URL still opens for anyone
 * (a link from a colleague), and the services refuse what the role may not read.
 */
const topBarOf: Record<string, readonly string[]> = {
  beds: ['bed-manager', 'nurse', 'physician', 'ed-staff', 'registrar', 'admin'],
  ed: ['ed-staff', 'nurse', 'physician', 'registrar', 'bed-manager'],
  patients: [...clinicians, 'registrar', 'bed-manager'],
  chart: clinicians,
  orders: ['physician', 'nurse', 'pharmacist'],
  pharmacy: ['pharmacist'],
  emar: ['nurse'],
  unit: ['nurse'],
  claims: ['biller', 'coder'],
  register: ['registrar', 'ed-staff'],
  coding: ['coder'],
  billing: ['biller'],
  reports: ['biller', 'coder', 'bed-manager', 'admin'],
  'access-log': ['privacy-officer'],
};

/** The screens, in the order the top bar shows them; each has its own URL. */
const screens: Screen[] = [
  { path: 'beds', label: 'Bed board', title: 'Bed board', Screen: BedBoard },
  { path: 'ed', label: 'ED board', title: 'ED tracking board', Screen: EdBoard },
  { path: 'ed-measures', label: 'ED measures', title: 'ED measures', Screen: EdMeasures, hidden: true },
  { path: 'patients', label: 'Patients', title: 'Patients', Screen: Patients },
  { path: 'chart', label: 'Chart', title: 'Patient chart', Screen: Chart },
  { path: 'orders', label: 'Orders', title: 'Orders', Screen: Orders },
  { path: 'pharmacy', label: 'Pharmacy', title: 'Pharmacy verification', Screen: Pharmacy },
  { path: 'emar', label: 'eMAR', title: 'eMAR', Screen: Emar },
  { path: 'unit', label: 'Unit', title: 'Unit due list and handoff', Screen: Unit, params: ':unitId?/:view?' },
  { path: 'wristband', label: 'Wristband', title: 'Wristband and labels', Screen: Wristband, hidden: true },
  { path: 'claims', label: 'Claims', title: 'Claims work queues', Screen: ClaimsQueues },
  ...officeScreens,
];

/** Where each role's work is: a role lands there after sign-in, never on another role's refusal. */
export const homeOf: Record<string, string> = {
  nurse: 'emar',
  physician: 'orders',
  pharmacist: 'pharmacy',
  'ed-staff': 'ed',
  registrar: 'register',
  'bed-manager': 'beds',
  biller: 'billing',
  coder: 'coding',
  'privacy-officer': 'access-log',
  admin: 'beds',
};

/** A screen's frame: its h1, so each screen names itself to a screen reader and in the tab title. */
function Page({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · EHR`;
  }, [title]);
  return (
    <>
      <Title order={1} className="page-title">
        {title}
      </Title>
      {children}
    </>
  );
}

/** Input that shows someone is at the screen. Polling and live updates are not someone. */
const activity = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * A shared workstation locks itself: untouched for the session's idle time, the screens end the
 * session (its cookie goes) and ask for the sign-in again, over whatever was on screen.
 */
function useIdleLock(session: Session | null, enabled: boolean) {
  useEffect(() => {
    if (!session || !enabled) return;
    let timer: ReturnType<typeof setTimeout>;
    const lock = () => {
      void signOut();
      sessionEvents.dispatchEvent(new Event('idle'));
    };
    const touched = () => {
      clearTimeout(timer);
      timer = setTimeout(lock, session.idleSeconds * 1000);
    };
    touched();
    for (const event of activity) window.addEventListener(event, touched, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const event of activity) window.removeEventListener(event, touched, { capture: true });
    };
  }, [session, enabled]);
}

/**
 * An expired, refused or locked sign-in asks again in place: the screen underneath stays as it
 * was, with whatever the user had typed, and carries on with the new sign-in.
 */
function SignInAgain({ session, onSignedIn }: { session: Session; onSignedIn: (s: Session) => void }) {
  const [asked, setAsked] = useState<'expired' | 'idle' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const onExpired = () => setAsked((now) => now ?? 'expired');
    const onIdle = () => setAsked('idle');
    sessionEvents.addEventListener('expired', onExpired);
    sessionEvents.addEventListener('idle', onIdle);
    return () => {
      sessionEvents.removeEventListener('expired', onExpired);
      sessionEvents.removeEventListener('idle', onIdle);
    };
  }, []);
  const again = async () => {
    setBusy(true);
    try {
      onSignedIn(await signIn(session));
      setAsked(null);
      setProblem(null);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const minutes = Math.round(session.idleSeconds / 60);
  return (
    <Modal
      opened={asked !== null}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title={asked === 'idle' ? 'Locked: the screen was not used' : 'Your sign-in has expired'}
      centered
    >
      <Stack>
        <Text>
          {asked === 'idle' ? `Nobody used this screen for ${minutes >= 1 ? `${minutes} min` : `${session.idleSeconds} s`}, so it signed ${session.name} out. ` : ''}
          Nothing you typed is lost. Sign in again to carry on; nothing was saved while signed out.
        </Text>
        {problem && (
          <Text c="red.9" role="alert">
            {problem}
          </Text>
        )}
        <Button loading={busy} onClick={() => void again()}>
          Sign in again as {session.name}
        </Button>
      </Stack>
    </Modal>
  );
}

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const queries = useQueryClient();
  const location = useLocation();
  const navigate = useNavigate();
  const signedIn = (s: Session | null) => {
    saveSession(s);
    setSession(s);
    if (!s) {
      void signOut();
      queries.clear();
    }
  };
  // The ED wall screen shows the board alone: no top bar to reach across the room for, and no one to touch it.
  const kiosk = new URLSearchParams(location.search).get('display') === 'kiosk';
  useIdleLock(session, !kiosk);
  if (!session)
    return (
      <SignIn
        onSignedIn={(s) => {
          signedIn(s);
          // Each role lands on its own work, whatever screen the last user left open.
          void navigate('/', { replace: true });
        }}
      />
    );
  const home = homeOf[session.role] ?? 'beds';
  return (
    <AppShell header={{ height: 60, collapsed: kiosk }} padding={kiosk ? 0 : 'md'} className={kiosk ? 'kiosk-mode' : undefined}>
      {!kiosk && (
        <AppShell.Header className="top">
          <Group justify="space-between" h="100%" px="md" wrap="nowrap" w="100%" miw={0}>
            {/* The screens outgrow a 1024 px tablet: the list scrolls sideways, sign-out stays in reach. */}
            <nav aria-label="Screens" className="screens-nav">
              <Group gap={2} wrap="nowrap">
                {screens.filter((s) => !s.hidden && topBarOf[s.path]?.includes(session.role)).map((s) => (
                  <Button key={s.path} component={NavLink} to={`/${s.path}`} variant={location.pathname.startsWith(`/${s.path}`) ? 'white' : 'subtle'} color={location.pathname.startsWith(`/${s.path}`) ? 'dark' : 'gray.0'} size="compact-sm" px={6}>
                    {s.label}
                  </Button>
                ))}
              </Group>
            </nav>
            <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
              <Text c="white" size="xs" lh={1.2} maw={170} data-testid="signed-in">
                {session.name} ({session.role})
              </Text>
              <Button variant="white" color="dark" size="compact-sm" style={{ flexShrink: 0 }} onClick={() => signedIn(null)}>
                Sign out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
      )}
      <AppShell.Main>
        <Routes>
          <Route path="/" element={<Navigate to={`/${home}`} replace />} />
          {screens.map(({ path, title, Screen, params }) => (
            <Route
              key={path}
              path={`/${path}/${params ?? ':patientId?'}`}
              element={
                <Page title={title}>
                  <Screen session={session} />
                </Page>
              }
            />
          ))}
          <Route path="*" element={<Navigate to={`/${home}`} replace />} />
        </Routes>
      </AppShell.Main>
      <SignInAgain session={session} onSignedIn={signedIn} />
    </AppShell>
  );
}
