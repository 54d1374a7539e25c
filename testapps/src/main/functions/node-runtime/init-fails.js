// Throws while the module loads: the environment fails its initialisation.
throw new Error('cannot initialise: missing configuration');
