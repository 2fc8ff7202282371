import type { AudioDeviceInfo, DeviceAccess, PermissionConstraints } from '@azure/communication-calling';
import type { SdkDeviceManager } from '../calling/calling-sdk.js';

/** The SDK's DeviceManager over the browser's own media devices (fake ones in headless tests). */
export class SimDeviceManager implements SdkDeviceManager {
  selectedMicrophone?: AudioDeviceInfo;
  selectedSpeaker?: AudioDeviceInfo;

  get isSpeakerSelectionAvailable(): boolean {
    return 'setSinkId' in AudioContext.prototype || 'setSinkId' in HTMLMediaElement.prototype;
  }

  async getMicrophones(): Promise<AudioDeviceInfo[]> {
    return this.#list('audioinput', 'Microphone');
  }

  async getSpeakers(): Promise<AudioDeviceInfo[]> {
    return this.#list('audiooutput', 'Speaker');
  }

  async selectMicrophone(device: AudioDeviceInfo): Promise<void> {
    this.selectedMicrophone = device;
  }

  async selectSpeaker(device: AudioDeviceInfo): Promise<void> {
    this.selectedSpeaker = device;
  }

  /** As the SDK: asks the browser (which may prompt) and answers what was allowed rather than throwing. */
  async askDevicePermission(constraints: PermissionConstraints): Promise<DeviceAccess> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: constraints.audio, video: constraints.video });
      for (const track of stream.getTracks()) track.stop();
      return { audio: constraints.audio, video: constraints.video };
    } catch {
      return { audio: false, video: false };
    }
  }

  async #list(kind: MediaDeviceKind, deviceType: 'Microphone' | 'Speaker'): Promise<AudioDeviceInfo[]> {
    const devices = await navigator.mediaDevices.enumerateDevices();
    return devices
      .filter((d) => d.kind === kind && d.deviceId !== 'communications')
      .map((d) => ({ id: d.deviceId, name: d.label || `${deviceType} ${d.deviceId.slice(0, 6)}`, isSystemDefault: d.deviceId === 'default', deviceType }));
  }
}
