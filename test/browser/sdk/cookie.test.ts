// The session cookie as the SDK writes and reads it, against js-cookie's
// reading and writing: a page (or an earlier version of the SDK) that used
// js-cookie sees the same cookie.
import { expect } from '@open-wc/testing';
import Cookies from 'js-cookie';
import { readCookie, removeCookie, writeCookie } from '../../../src/sdk/cookie.js';

const NAMES = ['__ksid', 'crm session', 'a;b=c', 'é(1)', '#$&+^`|'];
const VALUES = ['s-1f2e', 'with space; and=equals', '%41 stays', 'é ✓'];

describe('session cookie', () => {
  afterEach(() => {
    for (const name of NAMES) Cookies.remove(name);
  });

  it('what it writes, js-cookie reads, and the other way round', () => {
    for (const name of NAMES) {
      for (const value of VALUES) {
        writeCookie(name, value, 1, false);
        expect(Cookies.get(name), `${name}=${value} read by js-cookie`).to.equal(value);
        Cookies.set(name, value + '!');
        expect(readCookie(name), `${name}=${value}! written by js-cookie`).to.equal(value + '!');
      }
    }
  });

  it('names another cookie of the page does not match, and skips cookies that are not percent-encoded', () => {
    document.cookie = 'raw=%E0%A4%A';
    writeCookie('__ksid', 'id-1', 1, false);
    expect(readCookie('__ksid')).to.equal('id-1');
    expect(readCookie('__ksi')).to.be.undefined;
    expect(readCookie('raw')).to.be.undefined;
    document.cookie = 'raw=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    // A name like any other (js-cookie, whose jar is an object, cannot read it).
    writeCookie('__proto__', 'id-0', 1, false);
    expect(readCookie('__proto__')).to.equal('id-0');
    removeCookie('__proto__');
    expect(readCookie('__proto__')).to.be.undefined;
  });

  it('removes the cookie of the whole site, whoever wrote it', () => {
    for (const name of NAMES) {
      writeCookie(name, 'id-2', 60, false);
      removeCookie(name);
      expect(readCookie(name), name).to.be.undefined;
      Cookies.set(name, 'id-3', { expires: 60 });
      removeCookie(name);
      expect(Cookies.get(name), name).to.be.undefined;
    }
    expect(document.cookie).to.equal('');
  });
});
