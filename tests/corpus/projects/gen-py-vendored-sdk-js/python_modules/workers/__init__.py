# the workers SDK, vendored
