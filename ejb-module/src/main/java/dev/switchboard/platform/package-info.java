/** What every context needs: the data source, migrations, configuration keys and error codes. */
package dev.switchboard.platform;
