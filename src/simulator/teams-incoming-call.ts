import type { CallEndReason, CallerInfo, CustomContext } from '@azure/communication-calling';
import type { SdkTeamsIncomingCall } from '../calling/calling-sdk.js';
import { Emitter } from './emitter.js';
import type { SimTeamsCall } from './teams-call.js';

/** The SDK's TeamsIncomingCall: who calls, accept, reject, and `callEnded` when the ringing stops. */
export class SimTeamsIncomingCall extends Emitter implements SdkTeamsIncomingCall {
  readonly kind = 'TeamsIncomingCall';
  callEndReason?: CallEndReason;

  constructor(
    readonly id: string,
    readonly callerInfo: CallerInfo,
    readonly customContext: CustomContext | undefined,
    readonly transferorInfo: CallerInfo | undefined,
    private readonly answer: (incoming: SimTeamsIncomingCall) => Promise<SimTeamsCall>,
    private readonly refuse: (incoming: SimTeamsIncomingCall) => Promise<void>,
  ) {
    super();
  }

  accept(): Promise<SimTeamsCall> {
    return this.answer(this);
  }

  async reject(): Promise<void> {
    await this.refuse(this);
    this.end({ code: 603, subCode: 0 });
  }

  end(reason: CallEndReason): void {
    if (this.callEndReason) return;
    this.callEndReason = reason;
    this.emit('callEnded', { callEndReason: reason });
  }
}
