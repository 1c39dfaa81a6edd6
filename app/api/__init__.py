"""The JSON API under /api/v1/: tokens, the generic resource routes, and their wiring."""
