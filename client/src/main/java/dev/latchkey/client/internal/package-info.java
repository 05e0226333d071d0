/**
 * Implementation details of the Latchkey SDK. These types are public only because Java requires it;
 * they are not API, carry no compatibility promise and may change in any release.
 */
package dev.latchkey.client.internal;
