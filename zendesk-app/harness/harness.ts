console.log('harness')
