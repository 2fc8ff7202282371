// German for every failure code (Sie-form, in the words of Microsoft's German Teams and Entra screens). Typed as
// ErrorStrings: a code left out, a code added or a sentence that takes other values does not compile.
import type { FailureFacts } from './error-words.js';
import type { CallAction, ErrorStrings } from './errors.en.js';

const ACTIONS: Readonly<Record<CallAction, string>> = {
  'go online': 'Online gehen',
  'answer the call': 'Anruf annehmen',
  'decline the call': 'Anruf ablehnen',
  'place the call': 'Anruf tätigen',
  'hang up': 'Auflegen',
  mute: 'Stummschalten',
  unmute: 'Stummschaltung aufheben',
  'hold the call': 'Anruf halten',
  'resume the call': 'Anruf fortsetzen',
  'send the tone': 'Ton senden',
  'transfer the call': 'Anruf weiterleiten',
};
const SIGN_IN_AGAIN = 'Melden Sie sich ab und wieder an.';
const ASK_ADMIN = 'Wenden Sie sich an Ihren CCaaS-Administrator.';

export const errorsDe: Readonly<ErrorStrings> = {
  // Sign-in and consent
  'signed-out': { message: 'Melden Sie sich an, bevor Sie online gehen.', remedy: 'Schließen Sie die Anmeldung ab, und gehen Sie dann online.' },
  cancelled: { message: 'Die Anmeldung wurde abgebrochen.', remedy: 'Wählen Sie „Anmelden“, um es erneut zu versuchen.' },
  'consent-required': {
    message: 'Diese App benötigt Ihre Berechtigung, um in Ihrem Namen Anrufe zu tätigen und anzunehmen.',
    remedy: 'Wählen Sie „Berechtigungen prüfen“, und stimmen Sie zu.',
  },
  'admin-consent-required': {
    message: 'Ein Administrator muss diese App für Ihre Organisation genehmigen, bevor Sie sie verwenden können.',
    remedy: 'Senden Sie den folgenden Link zur Administratorzustimmung an Ihren globalen Administrator oder Cloudanwendungsadministrator.',
  },
  'acs-app-missing': {
    message: 'In Ihrer Organisation ist die Entra-App von Azure Communication Services nicht installiert, die Teams Phone für Contact Center benötigt.',
    remedy: ({ appId }) => `Ein globaler Administrator führt einmalig aus: New-MgServicePrincipal -AppId ${appId}`,
  },
  'interaction-in-progress': {
    message: 'Ein Anmeldefenster ist bereits geöffnet.',
    remedy: 'Schließen Sie die Anmeldung im anderen Fenster ab oder schließen Sie es, und versuchen Sie es dann erneut.',
  },
  'popup-blocked': { message: 'Der Browser hat das Anmeldefenster blockiert.', remedy: 'Lassen Sie Pop-ups für diese Website zu, und wählen Sie dann erneut „Anmelden“.' },
  unexpected: {
    // `text` is what the sign-in service said, in its own language.
    message: ({ text }) => (text ? `Etwas ist schiefgegangen: ${text}` : 'Etwas ist schiefgegangen.'),
    remedy: 'Versuchen Sie es erneut; wenn der Fehler bleibt, wenden Sie sich an Ihren Administrator.',
  },
  'no-assignment': {
    message: ({ reason }) =>
      reason === 'client'
        ? 'Ihr Zugriff umfasst diese Agenten-App nicht.'
        : reason === 'access'
          ? 'Azure Communication Services hat Ihrem Konto keinen Zugriff gewährt, um hier Anrufe anzunehmen.'
          : 'Ihrem Konto wurde noch kein Zugriff gewährt, um hier Anrufe anzunehmen.',
    remedy: ({ reason }) =>
      reason === 'client'
        ? 'Bitten Sie Ihren CCaaS-Administrator, Ihnen Zugriff für diese App zu gewähren.'
        : reason === 'access'
          ? 'Bitten Sie Ihren CCaaS-Administrator zu prüfen, ob Ihnen Agentenzugriff gewährt und ein Ressourcenkonto verknüpft ist.'
          : 'Bitten Sie Ihren CCaaS-Administrator, Ihnen Agentenzugriff zu gewähren.',
  },
  'no-linked-resource-account': {
    message: 'Mit diesem Contact Center ist noch kein Teams-Ressourcenkonto verknüpft.',
    remedy: 'Bitten Sie Ihren CCaaS-Administrator, ein Ressourcenkonto zu verknüpfen.',
  },
  'exchange-failed': {
    message: ({ status, code }) => `Azure Communication Services hat die Anmeldung abgelehnt (${[status, code].filter(Boolean).join(' ')}).`,
    remedy: 'Melden Sie sich ab und wieder an; wenn der Fehler bleibt, wenden Sie sich an Ihren CCaaS-Administrator.',
  },
  network: {
    message: (_: unknown, { source }: FailureFacts) =>
      source === 'proxy' ? 'Der Tokenproxy ist nicht erreichbar.' : source === 'acs' ? 'Azure Communication Services ist nicht erreichbar.' : 'Der Anmeldedienst ist nicht erreichbar.',
    remedy: 'Prüfen Sie Ihre Netzwerkverbindung, und versuchen Sie es dann erneut.',
  },
  'no-teams-license': { message: 'Ihrem Konto ist keine Microsoft Teams-Lizenz zugewiesen.', remedy: 'Bitten Sie Ihren Microsoft 365-Administrator, Ihnen eine Teams-Lizenz zuzuweisen.' },
  // Both elements
  'service-busy': {
    message: (_: unknown, { source }: FailureFacts) =>
      source === 'graph' ? 'Das Verzeichnis (Microsoft Graph) ist gerade ausgelastet.' : source === 'acs' ? 'Azure Communication Services ist gerade ausgelastet.' : 'Der Dienst ist gerade ausgelastet.',
    remedy: (_: unknown, { retryAfterSeconds: s }: FailureFacts) =>
      s === undefined
        ? 'Warten Sie einen Moment, und versuchen Sie es dann erneut.'
        : s >= 120
          ? `Versuchen Sie es in ${Math.ceil(s / 60)} Minuten erneut.`
          : `Versuchen Sie es in ${Math.max(1, s)} Sekunde${s <= 1 ? '' : 'n'} erneut.`,
  },
  config: {
    message: ({ missing, reason }) =>
      reason === 'no-agent' ? '<tpe-call-agent> weiß nicht, wer der Agent ist.' : reason === 'teams-needs-proxy' ? 'Die Teams-Persona benötigt den Tokenproxy.' : `<tpe-consent> fehlt: ${missing}.`,
    remedy: ({ reason }) =>
      reason === 'no-agent'
        ? 'Setzen Sie das Attribut „for“ auf die ID eines <tpe-consent>, oder legen Sie tokenSource fest.'
        : reason === 'teams-needs-proxy'
          ? 'Legen Sie proxy-url für <tpe-consent> fest.'
          : 'Legen Sie proxy-url fest, oder geben Sie diese Einstellungen als Attribute oder in der Eigenschaft „config“ an.',
  },
  // The call agent
  offline: { message: 'Der Agent ist nicht online.', remedy: 'Gehen Sie zuerst online.' },
  'calling-failed': {
    message: ({ action, codes, text }) => text ?? `„${action ? ACTIONS[action] : 'Aktion'}“ ist fehlgeschlagen${codes ? ` (${codes})` : ''}.`,
    remedy: ({ text }) => (text === undefined ? 'Versuchen Sie es erneut; wenn der Fehler bleibt, laden Sie die Seite neu.' : ''),
  },
  'token-expired': {
    message: ({ reason }) => (reason === 'refused' ? 'Der Anrufdienst hat Ihre Anrufsitzung abgelehnt.' : 'Ihre Anrufsitzung ist abgelaufen.'),
    remedy: ({ reason }) => (reason === 'refused' ? 'Das Telefon versucht es automatisch erneut; wenn der Fehler bleibt, melden Sie sich ab und wieder an.' : SIGN_IN_AGAIN),
  },
  // The calling service
  'wrong-agent-kind': {
    message: 'Das Anruftoken ist ein Teams-Token, angefordert wurde aber ein einfacher ACS-Anruf-Agent.',
    remedy: 'Verwenden Sie für Teams-Identitäten einen Teams-Anruf-Agenten; melden Sie dies Ihrem CCaaS-Anbieter.',
  },
  'not-a-teams-token': {
    message: 'Das Anruftoken gehört nicht zu einer Teams-Identität, daher kann kein Teams-Anruf-Agent es verwenden.',
    remedy: `Melden Sie sich mit Ihrem Geschäftskonto für dieses Contact Center an. ${SIGN_IN_AGAIN}`,
  },
  'invalid-token': {
    message: ({ reason }) => (reason === 'incomplete' ? 'Dem Anruftoken fehlt, was ein Teams-Anruf-Agent benötigt.' : 'Das Anruftoken konnte nicht gelesen werden.'),
    remedy: SIGN_IN_AGAIN,
  },
  'token-without-calling': { message: 'Das Anruftoken erlaubt keine Anrufe (kein voip-Bereich).', remedy: ASK_ADMIN },
  'agent-already-exists': { message: 'Diese Seite hat bereits einen Anruf-Agenten für diesen Client.', remedy: 'Laden Sie die Seite neu; verwenden Sie einen Anruf-Agenten pro Seite.' },
  'custom-context-not-allowed': {
    message: 'Ein Anruf im Namen eines Ressourcenkontos kann keinen benutzerdefinierten Kontext enthalten.',
    remedy: 'Wählen Sie ohne benutzerdefinierten Kontext.',
  },
  'call-not-allowed': {
    message: 'Für dieses Ressourcenkonto oder diesen Mandanten können keine Anrufe getätigt werden.',
    remedy: 'Bitten Sie Ihren CCaaS-Administrator zu prüfen, ob das Ressourcenkonto verknüpft ist und einen Anrufplan hat.',
  },
  'invalid-number': {
    message: ({ input }) => (input === undefined ? 'Diese Telefonnummer kann nicht gewählt werden.' : `„${input || ' '}“ ist keine Telefonnummer, die gewählt werden kann.`),
    remedy: 'Geben Sie die Nummer im internationalen Format ein, zum Beispiel +14255550123.',
  },
  'not-during-emergency': { message: 'Das ist während eines Notrufs nicht möglich.', remedy: 'Bleiben Sie in der Leitung.' },
  'on-behalf-of-disabled': { message: 'Anrufe im Namen eines Ressourcenkontos sind in Azure Communication Services deaktiviert.', remedy: ASK_ADMIN },
  'on-behalf-of-policy': {
    message: 'Ihre Teams-Anrufrichtlinie erlaubt keine Anrufe im Namen anderer.',
    remedy: 'Bitten Sie Ihren Teams-Administrator, Ihnen eine Anrufrichtlinie zuzuweisen, die Delegierung erlaubt.',
  },
  'on-behalf-of-apps-disabled': { message: 'Anrufe im Namen von Anwendungen sind in Azure Communication Services deaktiviert.', remedy: ASK_ADMIN },
  'on-behalf-of-group-call': { message: 'Anrufe im Namen eines Ressourcenkontos dürfen nur einen Teilnehmer haben.', remedy: 'Wählen Sie jeweils nur eine Nummer.' },
  'wrong-persona': {
    message: 'Sie sind mit der Teams-Persona angemeldet, die keine Anrufe für ein Ressourcenkonto verarbeiten kann.',
    remedy: 'Melden Sie sich als Contact-Center-Agent an (CCaaS-Persona).',
  },
  'bot-without-teams-channel': {
    message: 'Der Bot des Ressourcenkontos kann keine Anrufe annehmen (ihm fehlt der Teams-Kanal).',
    remedy: 'Bitten Sie Ihren CCaaS-Administrator, den Teams-Kanal für den Bot zu aktivieren.',
  },
  'no-agent-available': { message: 'Für den Anruf war kein Agent verfügbar.', remedy: '' },
  'no-resource-account': { message: 'Wählen Sie das Ressourcenkonto, in dessen Namen Sie anrufen.', remedy: 'Legen Sie resource-account-id für das Element fest.' },
  'no-incoming-call': { message: 'Es gibt keinen Anruf zum Annehmen.', remedy: '' },
  'no-call': { message: 'Es ist kein Anruf aktiv.', remedy: '' },
  // The microphone
  'microphone-denied': {
    message: 'Der Browser darf Ihr Mikrofon nicht verwenden.',
    remedy: 'Erlauben Sie den Mikrofonzugriff für diese Website (das Symbol in der Adressleiste), und versuchen Sie es dann erneut.',
  },
  'microphone-missing': { message: 'Es ist kein Mikrofon angeschlossen.', remedy: 'Schließen Sie ein Headset oder Mikrofon an.' },
  'microphone-not-connected': { message: 'Das ausgewählte Mikrofon ist nicht angeschlossen.', remedy: 'Schließen Sie es wieder an, oder wählen Sie ein anderes Mikrofon.' },
  'microphone-busy': { message: 'Eine andere App verwendet Ihr Mikrofon.', remedy: 'Schließen Sie die andere App (oder beenden Sie dort den Anruf), und gehen Sie dann erneut online.' },
  'microphone-silent': {
    message: 'Ihr Mikrofon überträgt keinen Ton: Es ist möglicherweise stummgeschaltet oder defekt.',
    remedy: 'Prüfen Sie den Stummschalter an Ihrem Headset oder dessen Kabel, oder wählen Sie ein anderes Mikrofon.',
  },
  'microphone-no-answer': {
    message: 'Ihr Mikrofon ist nicht gestartet.',
    remedy: 'Antworten Sie dem Browser, falls er nach Ihrem Mikrofon fragt; andernfalls schließen Sie es neu an oder starten den Browser neu.',
  },
  'microphone-failed': { message: 'Ihr Mikrofon konnte nicht gestartet werden.', remedy: 'Schließen Sie es neu an oder wählen Sie ein anderes Mikrofon, und gehen Sie dann erneut online.' },
  'microphone-unplugged': { message: 'Ihr Mikrofon wurde ausgesteckt.', remedy: 'Schließen Sie es wieder an, oder wählen Sie ein anderes Mikrofon.' },
  // The tabs of one browser
  'tab-answer-failed': { message: 'Ein anderer Tab dieses Telefons konnte es nicht ausführen.', remedy: 'Versuchen Sie es erneut; wenn der Fehler bleibt, laden Sie diesen Tab neu.' },
  'tab-closed': { message: 'Dieser Tab ist nicht mehr mit den anderen Tabs des Telefons verbunden.', remedy: 'Laden Sie die Seite neu.' },
  'tab-timeout': {
    message: 'Ein anderer Tab dieses Telefons hat nicht rechtzeitig geantwortet.',
    remedy: 'Versuchen Sie es erneut; wenn der Fehler bleibt, laden Sie die Tabs des Telefons neu.',
  },
  'unknown-command': { message: ({ command }) => `„${command}“ ist kein Telefonbefehl.`, remedy: '' },
  'shared-sign-in-ended': {
    message: 'Der Tab, von dem diese Anmeldung geteilt wurde, wurde geschlossen oder abgemeldet.',
    remedy: 'Melden Sie sich hier an, um weiter Anrufe anzunehmen.',
  },
  // The administrator's view
  'bot-app-id-missing': {
    message: 'Die App-ID des CCaaS-Bots ist nicht konfiguriert (CCAAS_BOT_APP_ID am Tokenproxy).',
    remedy: 'Bitten Sie Ihren CCaaS-Anbieter, sie am Tokenproxy festzulegen.',
  },
  'change-not-kept': { message: 'ACS hat die Änderung nicht übernommen.', remedy: 'Versuchen Sie es erneut.' },
};
