/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /**
     * Set by the on-demand preview route (pages/preview/): each photo as one
     * JPEG at its display width instead of AVIF and WebP sets, whose encoding
     * on the request took seconds per photo (components/Photo.astro).
     */
    quickImages?: boolean;
  }
}
