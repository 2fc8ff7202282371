import { expect } from '@open-wc/testing';
import { callerWords, formatPhoneNumber } from '../../src/calling/format-phone-number.js';

describe('phone numbers as an agent reads them', () => {
  it('groups a North American number 3-3-4 after +1', () => {
    expect(formatPhoneNumber('+14255550100')).to.equal('+1 425 555 0100');
    expect(formatPhoneNumber('tel:+12065550199')).to.equal('+1 206 555 0199');
  });

  it('keeps one-, two- and three-digit country codes whole and groups the rest in threes ending in four', () => {
    expect(formatPhoneNumber('+442079460958')).to.equal('+44 207 946 0958');
    expect(formatPhoneNumber('+49301234567')).to.equal('+49 30 123 4567');
    expect(formatPhoneNumber('+74951234567')).to.equal('+7 495 123 4567');
    expect(formatPhoneNumber('+353861234567')).to.equal('+353 86 123 4567');
    expect(formatPhoneNumber('+3541234567')).to.equal('+354 123 4567');
  });

  it('keeps every digit, in order', () => {
    for (const number of ['+14255550100', '+442079460958', '+353861234567', '+861012345678901', '+4412345']) {
      expect(formatPhoneNumber(number).replace(/ /g, '')).to.equal(number);
    }
  });

  it('leaves what is not an E.164 number as it is (an emergency number, an agent id, text)', () => {
    expect(formatPhoneNumber('911')).to.equal('911');
    expect(formatPhoneNumber('8:acs:abc_def')).to.equal('8:acs:abc_def');
    expect(formatPhoneNumber('')).to.equal('');
    expect(formatPhoneNumber('+0123456789')).to.equal('+0123456789');
  });

  it('says who calls in one phrase: the name and the grouped number, either alone, or the unknown word', () => {
    expect(callerWords('Dana Whitfield', '+12065550199', 'Unknown caller')).to.equal('Dana Whitfield, +1 206 555 0199');
    expect(callerWords(undefined, '+12065550199', 'Unknown caller')).to.equal('+1 206 555 0199');
    expect(callerWords('Dana Whitfield', undefined, 'Unknown caller')).to.equal('Dana Whitfield');
    expect(callerWords(undefined, undefined, 'Unknown caller')).to.equal('Unknown caller');
  });
});
