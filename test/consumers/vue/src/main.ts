import { createApp } from 'vue';
import 'tpe-elements/define/tpe-consent.js';
import 'tpe-elements/define/tpe-call-agent.js';
import AgentDesk from './AgentDesk.vue';

createApp(AgentDesk).mount('#app');
