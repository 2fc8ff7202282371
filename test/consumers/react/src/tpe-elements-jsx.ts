// The package's generated JSX types: each tag's props and typed `ontpe-…` event props in React's JSX.
import type {} from 'tpe-elements/react';
