// The package's generated Vue types: each tag's props and events in Vue's GlobalComponents.
import type {} from 'tpe-elements/vue';
